package io.cdcbridge.embedded;

import java.security.SecureRandom;

/** Random passwords for the embedded services: letters and digits only, so they pass unquoted through URLs and shells. */
final class Passwords {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** 24 characters, about 140 bits. */
    static String random() {
        StringBuilder b = new StringBuilder(24);
        for (int i = 0; i < 24; i++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return b.toString();
    }
}
