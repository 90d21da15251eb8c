"""A sixth, test-only vendor, "Echo", added the way README "Adding a vendor" says: a tiny spec
and client (`presignkit_echo`, standing in for generated/), one facade folder (`facade`), one
stand-in (`stand_in`) and the registry line (added by the test). No shared module knows it."""
