"""What keeps hostile or careless input off the public site: one YAML loader, one path rule,
one scan of everything published for personal data."""
