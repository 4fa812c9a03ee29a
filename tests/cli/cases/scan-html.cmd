scan --format table inputs/script-in-quote.html
