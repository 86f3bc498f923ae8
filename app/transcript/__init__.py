"""The transcript of a session: its segments, the tags that point into their text, and
how both are stored as the interviewer types. Qt-free; the editor lives in ui/transcript/."""
