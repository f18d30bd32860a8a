package io.smsync;

public final class App {
    public static void main(String[] args) {
    }
}
