"""Private media: every uploaded file is served only after `access.rules` agrees."""
