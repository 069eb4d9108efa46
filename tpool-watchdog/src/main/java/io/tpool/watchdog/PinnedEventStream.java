package io.tpool.watchdog;

import java.time.Duration;
import java.util.List;

import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingStream;

/**
 * Reports JFR's {@code jdk.VirtualThreadPinned} events: before JDK 24, where the
 * scheduler has no MXBean, a virtual thread that blocks inside {@code synchronized} or a
 * class initializer keeps its carrier and JFR records it. It does not see a virtual
 * thread that keeps its carrier without parking (native code, a CPU loop).
 *
 * @since 0.1.0
 */
final class PinnedEventStream implements StarvationDetector {

	static final String PINNED_EVENT = "jdk.VirtualThreadPinned";

	private final RecordingStream stream;

	private volatile boolean closed;

	PinnedEventStream(Duration threshold, StarvationReporter reporter) {
		this.stream = new RecordingStream();
		this.stream.enable(PINNED_EVENT).withThreshold(threshold).withStackTrace();
		this.stream.onEvent(PINNED_EVENT, (event) -> report(event, reporter));
	}

	static boolean isAvailable() {
		return FlightRecorder.isAvailable();
	}

	@Override
	public void run() {
		try {
			this.stream.start();
		}
		catch (IllegalStateException ex) {
			// closed before it started
			if (!this.closed) {
				throw ex;
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.stream.close();
	}

	private static void report(RecordedEvent event, StarvationReporter reporter) {
		RecordedStackTrace stackTrace = event.getStackTrace();
		if (stackTrace == null) {
			return;
		}
		List<Frame> stack = stackTrace.getFrames().stream().map(PinnedEventStream::frame).toList();
		String circumstance = "a virtual thread stayed pinned to its carrier for %d ms"
			.formatted(event.getDuration().toMillis());
		if (!reporter.report(circumstance, List.of(stack))) {
			reporter.reportUnattributed("a pinned virtual thread without frames");
		}
	}

	private static Frame frame(RecordedFrame frame) {
		RecordedMethod method = frame.getMethod();
		int line = frame.getLineNumber();
		return new Frame(method.getType().getName(), method.getName(), (line > 0) ? "line " + line : "");
	}

}
