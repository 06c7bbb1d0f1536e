"""Keys the accounts core keeps in the server-side session."""

SESSION_STARTED = "portal_auth_started"
SESSION_SEEN = "portal_last_seen"
MFA_REQUIRED = "portal_mfa_required"
