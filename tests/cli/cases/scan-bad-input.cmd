scan --input=csv inputs/empty.txt
