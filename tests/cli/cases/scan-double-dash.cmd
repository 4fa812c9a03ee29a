scan --format table -- inputs/empty.txt
