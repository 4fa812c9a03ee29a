scan --format xml inputs/empty.txt
