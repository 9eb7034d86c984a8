"""Hostile input to the public forms and the case work never breaks the portal or stores rubbish."""
