"""The Telegram front end: the pure conversation core, served over the Bot API.

Nothing here decides what to say; it only turns core Replies into Telegram messages,
routes Telegram updates into the core, and runs the process (polling or webhook).
"""
