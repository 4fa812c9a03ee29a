scan --format table inputs/no-such-file.txt inputs/empty.txt inputs/empty.txt
