"""What belongs to the person rather than to one interview: the profile that signs drafts, the
settings (time zone, quiet hours, holidays), and export and delete. It may import `contract`,
`language` and `plan`."""
