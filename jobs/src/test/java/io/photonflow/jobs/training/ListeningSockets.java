package io.photonflow.jobs.training;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP sockets this process listens on, read from Linux's {@code /proc}: the socket inodes of
 * the process's file descriptors, matched against the LISTEN entries (state 0A) of {@code
 * /proc/self/net/tcp} and {@code tcp6}, which list the whole network namespace.
 */
final class ListeningSockets {

    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String LISTEN = "0A";
    private static final Set<String> LOOPBACK =
            Set.of(
                    "0100007F",
                    "00000000000000000000000001000000",
                    "0000000000000000FFFF00000100007F");

    private ListeningSockets() {}

    /** Every listening socket of this process, as {@code address:port} in hexadecimal. */
    static Set<String> now() throws IOException {
        Set<String> inodes = socketInodes();
        Set<String> listening = new TreeSet<>();
        for (String table : new String[] {"tcp", "tcp6"}) {
            for (String line : Files.readAllLines(Path.of("/proc/self/net", table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
                    listening.add(fields[1]);
                }
            }
        }
        return listening;
    }

    /** Whether {@code socket} ({@code address:port}, as {@link #now} gives it) is on loopback. */
    static boolean onLoopback(String socket) {
        return LOOPBACK.contains(socket.substring(0, socket.indexOf(':')));
    }

    /** {@code socket} as people read it: 127.0.0.1:8081, [::]:41234. */
    static String readable(String socket) {
        String address = socket.substring(0, socket.indexOf(':'));
        int port = Integer.parseInt(socket.substring(socket.indexOf(':') + 1), 16);
        if (address.length() == 8) {
            long ip = Long.parseLong(address, 16);
            return String.format(
                    "%d.%d.%d.%d:%d",
                    ip & 0xff, (ip >> 8) & 0xff, (ip >> 16) & 0xff, (ip >> 24) & 0xff, port);
        }
        return "[" + address + "]:" + port;
    }

    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    Matcher socket = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (socket.matches()) {
                        inodes.add(socket.group(1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed between listing and reading it
                }
            }
        }
        return inodes;
    }
}
