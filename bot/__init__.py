"""hrbot: an anonymous harm-reduction fact bot (Telegram and terminal)."""

__version__ = "0.1.0"
