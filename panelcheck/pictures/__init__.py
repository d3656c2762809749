"""What a designer looks at besides the findings: the SVG drawing of the rails, the
HTML page around it, and the bill of materials.
"""
