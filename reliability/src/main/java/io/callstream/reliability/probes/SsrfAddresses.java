package io.callstream.reliability.probes;

import java.util.List;

/**
 * Callback URLs a subscriber could use to make the callbacks service call inside the network
 * (server-side request forgery): loopback, private, link-local (cloud metadata), CGNAT, IPv6
 * local and mapped forms, alternative spellings of 127.0.0.1, non-http schemes and credentials.
 */
final class SsrfAddresses {

    private SsrfAddresses() {
    }

    static final List<String> LIST = List.of(
            "http://127.0.0.1/cb", "http://127.0.0.1:8080/callbacks/callkit", "http://localhost/cb",
            "http://LOCALHOST./cb", "http://0.0.0.0/cb", "http://10.0.0.1/cb", "http://172.16.0.1/cb",
            "http://192.168.1.1/cb", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/cb",
            "http://[::1]/cb", "http://[::]/cb", "http://[fc00::1]/cb", "http://[fe80::1]/cb",
            "http://[::ffff:127.0.0.1]/cb", "http://[::ffff:7f00:1]/cb", "http://224.0.0.1/cb",
            "http://2130706433/cb", "http://0x7f000001/cb", "http://0177.0.0.1/cb", "http://127.1/cb",
            "http://user:pass@127.0.0.1/cb", "file:///etc/passwd", "gopher://127.0.0.1:25/", "ftp://127.0.0.1/",
            "jar:http://127.0.0.1!/", "http:///cb", "//127.0.0.1/cb", "http://" + "a".repeat(2100) + ".com/");
}
