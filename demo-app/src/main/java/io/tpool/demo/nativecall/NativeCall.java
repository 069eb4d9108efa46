package io.tpool.demo.nativecall;

/**
 * What a native call reports: how long it slept and the thread it ran on.
 *
 * @param millis how long the call slept in native code
 * @param thread the name of the thread that made the call
 * @param offloaded whether that thread was one of the pool's
 * @since 0.1.0
 */
public record NativeCall(int millis, String thread, boolean offloaded) {

}
