scan --format table inputs/nul.txt
