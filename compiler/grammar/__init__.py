"""The grammar file and the table that turns parse failures into messages."""
