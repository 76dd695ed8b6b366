"""What an operator runs Hearback with, beside the chat: the settings table behind `--help`
and the README (`settings`), `hearback check` (`check`, `identity`), the log format (`logs`),
the `/healthz` endpoint (`health`) and the version (`version`)."""
