reuse --help
