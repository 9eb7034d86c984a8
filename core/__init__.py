"""The shared base of the portal's apps. It imports no app of ours."""
