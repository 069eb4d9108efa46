package io.tpool.watchdog;

import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.tpool.Tpool;
import org.jspecify.annotations.Nullable;

/**
 * Tells the application's own frames from those of the platform, of tpool itself, of the
 * frameworks that call into an application and of the libraries it calls, and so finds
 * the site of a hold: the application code that made the call that held the carrier.
 * <p>
 * A frame is the application's where its class is in one of the application's packages,
 * when those are known (Spring Boot's auto-configuration packages, say); otherwise where
 * its class was loaded from a directory rather than a jar (the application's classes
 * folder, or {@code BOOT-INF/classes} of a Spring Boot jar), so that a library's classes,
 * a JDBC driver's or a binding to a C library, are not. Where a library's native method
 * holds the carrier (a JNI call), the site is the innermost application frame that called
 * into it, and the native method is its detail: the scan of a native store is one site,
 * however many native methods its rows go through.
 *
 * @since 0.1.0
 */
final class ApplicationFrames {

	private static final List<String> PLATFORM_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

	private static final List<String> INFRASTRUCTURE_PACKAGES = List.of("org.springframework.", "org.apache.",
			"org.eclipse.jetty.", "io.undertow.", "io.netty.", "reactor.", "jakarta.", "io.micrometer.", "org.slf4j.",
			"ch.qos.logback.", "com.fasterxml.jackson.", "tools.jackson.", "org.junit.", "kotlin.", "kotlinx.",
			"com.zaxxer.hikari.");

	/** Markers of generated classes: lambda forms, lambda and Spring proxies. */
	private static final List<String> GENERATED_CLASS_MARKERS = List.of("$$Lambda", "LambdaForm$", "$$SpringCGLIB$$",
			"$$EnhancerBySpringCGLIB$$", "$Proxy");

	private static final String TPOOL_PACKAGE = "io.tpool.";

	private static final int MAX_CALLERS = 5;

	private final List<String> applicationPackages;

	private final ClassLoader classLoader;

	/** Where tpool's classes come from: its core, this engine and its integrations. */
	private final List<String> tpoolLocations;

	private final Map<String, Boolean> ownCode = new ConcurrentHashMap<>();

	private final Map<String, Boolean> tpoolLibraryClasses = new ConcurrentHashMap<>();

	/**
	 * Frames of an application whose packages are not known: its own code is what was not
	 * loaded from a jar.
	 */
	ApplicationFrames() {
		this(List.of(), List.of(), ApplicationFrames.class.getClassLoader());
	}

	/**
	 * Frames of an application.
	 * @param applicationPackages the application's packages, such as {@code com.example};
	 * empty when not known
	 * @param integrationClasses classes of tpool's integrations (its Spring
	 * auto-configuration, say), whose locations hold tpool's own code too
	 * @param classLoader where the classes named by frames are looked up
	 */
	ApplicationFrames(Collection<String> applicationPackages, Collection<Class<?>> integrationClasses,
			ClassLoader classLoader) {
		this.applicationPackages = applicationPackages.stream()
			.map((name) -> name.endsWith(".") ? name : name + ".")
			.toList();
		this.classLoader = classLoader;
		this.tpoolLocations = Stream
			.concat(Stream.of(Tpool.class, ApplicationFrames.class), integrationClasses.stream())
			.map(ApplicationFrames::location)
			.filter(Objects::nonNull)
			.distinct()
			.toList();
	}

	/**
	 * Whether a frame is the application's own code.
	 * @param frame the frame
	 * @return whether it is neither the platform's, nor tpool's, nor infrastructure's,
	 * nor a library's
	 */
	boolean isApplication(Frame frame) {
		String className = frame.className();
		if (isPlatformOrGenerated(className) || startsWithAny(className, INFRASTRUCTURE_PACKAGES)
				|| isTpoolLibrary(className)) {
			return false;
		}
		if (!this.applicationPackages.isEmpty()) {
			return startsWithAny(className, this.applicationPackages);
		}
		return this.ownCode.computeIfAbsent(className, this::loadedFromOutsideAJar);
	}

	/**
	 * The site of a stack: the innermost application frame that called into the innermost
	 * native method of a library, where the stack has one; else its innermost application
	 * frame; where it has none, its innermost frame that is neither the platform's nor
	 * generated; else its innermost frame.
	 * @param stack the frames, innermost first
	 * @return the index of the site in {@code stack}, or -1 for an empty stack
	 */
	int siteIndex(List<Frame> stack) {
		int libraryNative = -1;
		for (int i = 0; i < stack.size(); i++) {
			Frame frame = stack.get(i);
			if (frame.isNativeMethod() && !isPlatformOrGenerated(frame.className()) && !isApplication(frame)) {
				libraryNative = i;
				break;
			}
		}
		int fallback = -1;
		for (int i = libraryNative + 1; i < stack.size(); i++) {
			Frame frame = stack.get(i);
			if (isApplication(frame)) {
				return i;
			}
			if (fallback < 0 && !isPlatformOrGenerated(frame.className())) {
				fallback = i;
			}
		}
		if (libraryNative >= 0) {
			return libraryNative;
		}
		return (fallback >= 0 || stack.isEmpty()) ? fallback : 0;
	}

	/**
	 * The native method inside the site, if any: the innermost native method's frame
	 * between the site and the innermost frame.
	 * @param stack the frames, innermost first
	 * @param siteIndex the site's index
	 * @return the native method's frame, or {@code null}
	 */
	@Nullable Frame nativeMethod(List<Frame> stack, int siteIndex) {
		for (int i = 0; i < siteIndex; i++) {
			if (stack.get(i).isNativeMethod()) {
				return stack.get(i);
			}
		}
		return null;
	}

	/**
	 * The application frames that led to the site, innermost first, at most a few.
	 * @param stack the frames, innermost first
	 * @param siteIndex the site's index
	 * @return the callers
	 */
	List<Frame> callers(List<Frame> stack, int siteIndex) {
		List<Frame> callers = new ArrayList<>();
		for (Frame frame : stack.subList(siteIndex + 1, stack.size())) {
			if (callers.size() == MAX_CALLERS) {
				break;
			}
			if (isApplication(frame)) {
				callers.add(frame);
			}
		}
		return callers;
	}

	private boolean isPlatformOrGenerated(String className) {
		return startsWithAny(className, PLATFORM_PACKAGES)
				|| GENERATED_CLASS_MARKERS.stream().anyMatch(className::contains);
	}

	/**
	 * Whether a class is tpool's own, as opposed to an application's class in a package
	 * below {@code io.tpool} (its demo, its tests): tpool's classes come from the jars
	 * (or classes folders) of its modules.
	 */
	private boolean isTpoolLibrary(String className) {
		return className.startsWith(TPOOL_PACKAGE)
				&& this.tpoolLibraryClasses.computeIfAbsent(className, this::loadedFromTpool);
	}

	private boolean loadedFromTpool(String className) {
		Class<?> type = load(className);
		return type != null && this.tpoolLocations.contains(location(type));
	}

	/**
	 * Whether a class is the application's own code by where it was loaded from: not from
	 * a jar. A class that cannot be loaded here counts as the application's.
	 */
	private boolean loadedFromOutsideAJar(String className) {
		Class<?> type = load(className);
		if (type == null) {
			return true;
		}
		String location = location(type);
		return location != null && !isJar(location);
	}

	private @Nullable Class<?> load(String className) {
		try {
			return Class.forName(className, false, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	/**
	 * Whether a code source's location is a jar: {@code file:/.../x.jar}, or a jar nested
	 * in a Spring Boot jar ({@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/}).
	 */
	private static boolean isJar(String location) {
		String path = location;
		while (path.endsWith("/") || path.endsWith("!")) {
			path = path.substring(0, path.length() - 1);
		}
		return path.endsWith(".jar");
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
