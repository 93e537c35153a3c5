package store

// WALRestartFrames lets tests lower the WAL restart threshold.
var WALRestartFrames = &walRestartFrames
