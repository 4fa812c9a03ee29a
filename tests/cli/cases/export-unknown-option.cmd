export --colour red
