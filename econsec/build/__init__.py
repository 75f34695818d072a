"""Site build steps: the two MkDocs builds, runtime assets, snapshot, search, CSP, bundle."""
