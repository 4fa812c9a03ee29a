scan --format table inputs/bidi-zero-width.txt
