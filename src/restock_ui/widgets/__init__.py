"""Page parts every page draws: its header and messages, tables and their downloads,
column formats, the sidebar filters, and the figures worth remembering."""
