scan --format table inputs/invalid-utf8.txt
