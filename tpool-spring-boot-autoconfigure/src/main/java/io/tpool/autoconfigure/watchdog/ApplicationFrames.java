package io.tpool.autoconfigure.watchdog;

import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.tpool.Tpool;
import org.jspecify.annotations.Nullable;

/**
 * Tells the application's frames from those of the platform, of tpool itself and of the
 * frameworks that call into an application, and so finds the site of a starvation: the
 * innermost application frame of a virtual thread that holds a carrier.
 * <p>
 * Third-party libraries that are not framework infrastructure (a JDBC driver, a binding
 * to a C library) count as application code on purpose: when one of them holds the
 * carrier, its frame is the most precise name of what to offload, and the application
 * frames that called it follow in the report.
 *
 * @since 0.1.0
 */
final class ApplicationFrames {

	private static final List<String> PLATFORM_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

	private static final List<String> INFRASTRUCTURE_PACKAGES = List.of("org.springframework.", "org.apache.",
			"org.eclipse.jetty.", "io.undertow.", "io.netty.", "reactor.", "jakarta.", "io.micrometer.", "org.slf4j.",
			"ch.qos.logback.", "com.fasterxml.jackson.", "tools.jackson.", "org.junit.", "kotlin.", "kotlinx.");

	/** Markers of generated classes: lambda forms, lambda and Spring proxies. */
	private static final List<String> GENERATED_CLASS_MARKERS = List.of("$$Lambda", "LambdaForm$", "$$SpringCGLIB$$",
			"$$EnhancerBySpringCGLIB$$", "$Proxy");

	private static final String TPOOL_PACKAGE = "io.tpool.";

	private static final int MAX_CALLERS = 5;

	private final Map<String, Boolean> tpoolLibraryClasses = new ConcurrentHashMap<>();

	/** Where tpool's classes come from: its core and this Spring module. */
	private final List<String> tpoolLocations = Stream.of(Tpool.class, ApplicationFrames.class)
		.map(ApplicationFrames::location)
		.filter(Objects::nonNull)
		.toList();

	/**
	 * Whether a frame is application code.
	 * @param frame the frame
	 * @return whether it is neither the platform's, nor tpool's, nor infrastructure's
	 */
	boolean isApplication(Frame frame) {
		String className = frame.className();
		return !isPlatformOrGenerated(className) && !startsWithAny(className, INFRASTRUCTURE_PACKAGES)
				&& !isTpoolLibrary(className);
	}

	/**
	 * The site of a stack: its innermost application frame; where it has none, its
	 * innermost frame that is neither the platform's nor generated; else its innermost
	 * frame.
	 * @param stack the frames, innermost first
	 * @return the index of the site in {@code stack}, or -1 for an empty stack
	 */
	int siteIndex(List<Frame> stack) {
		int fallback = -1;
		for (int i = 0; i < stack.size(); i++) {
			Frame frame = stack.get(i);
			if (isApplication(frame)) {
				return i;
			}
			if (fallback < 0 && !isPlatformOrGenerated(frame.className())) {
				fallback = i;
			}
		}
		return (fallback >= 0 || stack.isEmpty()) ? fallback : 0;
	}

	/**
	 * The application frames that led to the site, innermost first, at most a few.
	 * @param stack the frames, innermost first
	 * @param siteIndex the site's index
	 * @return the callers
	 */
	List<Frame> callers(List<Frame> stack, int siteIndex) {
		return stack.subList(siteIndex + 1, stack.size())
			.stream()
			.filter(this::isApplication)
			.limit(MAX_CALLERS)
			.toList();
	}

	private boolean isPlatformOrGenerated(String className) {
		return startsWithAny(className, PLATFORM_PACKAGES)
				|| GENERATED_CLASS_MARKERS.stream().anyMatch(className::contains);
	}

	/**
	 * Whether a class is tpool's own, as opposed to an application's class in a package
	 * below {@code io.tpool} (its demo, its tests): tpool's classes come from the jar of
	 * its core or from this one.
	 */
	private boolean isTpoolLibrary(String className) {
		return className.startsWith(TPOOL_PACKAGE)
				&& this.tpoolLibraryClasses.computeIfAbsent(className, this::loadedFromTpoolJar);
	}

	private boolean loadedFromTpoolJar(String className) {
		try {
			Class<?> type = Class.forName(className, false, ApplicationFrames.class.getClassLoader());
			return this.tpoolLocations.contains(location(type));
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** Compared as text: {@code URL.equals} may resolve host names. */
	private static @Nullable String location(Class<?> type) {
		ProtectionDomain domain = type.getProtectionDomain();
		CodeSource source = (domain != null) ? domain.getCodeSource() : null;
		return (source != null && source.getLocation() != null) ? source.getLocation().toExternalForm() : null;
	}

	private static boolean startsWithAny(String className, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
