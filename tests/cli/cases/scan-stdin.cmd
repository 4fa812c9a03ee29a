scan --format table -
