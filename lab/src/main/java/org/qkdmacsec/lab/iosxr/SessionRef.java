package org.qkdmacsec.lab.iosxr;

/** Who holds a configuration session: an SSH CLI line or a gNMI client. */
record SessionRef(long id, String user, String line) {
    @Override
    public String toString() {
        return "session " + id + " (user '" + user + "', " + line + ")";
    }
}
