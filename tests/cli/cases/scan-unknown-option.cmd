scan --frob inputs/empty.txt
