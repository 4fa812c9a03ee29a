scan --format table inputs/bom-crlf.txt
