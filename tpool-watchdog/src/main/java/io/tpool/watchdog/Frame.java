package io.tpool.watchdog;

/**
 * One frame of a virtual thread's stack.
 *
 * @param className the binary name of the frame's class
 * @param methodName the method's name
 * @param location the source file and line, or another hint, or empty
 */
record Frame(String className, String methodName, String location) {

	private static final String HIDDEN_CLASS_SUFFIX = "/0x";

	/**
	 * The location that {@link StackTraceElement#toString()}, and so a thread dump,
	 * writes for a native method, one implemented through JNI.
	 */
	static final String NATIVE_METHOD = "Native Method";

	/**
	 * Parses a frame as a thread dump writes it, that is as
	 * {@link StackTraceElement#toString()} does: an optional class loader name and module
	 * before the class name, each ending with {@code /}, then
	 * {@code class.method(location)}.
	 * @param text the frame as written in the dump
	 * @return the frame
	 */
	static Frame parse(String text) {
		int open = text.indexOf('(');
		String qualified = (open < 0) ? text : text.substring(0, open);
		String location = (open < 0) ? ""
				: text.substring(open + 1, text.endsWith(")") ? text.length() - 1 : text.length());
		int dot = qualified.lastIndexOf('.');
		String className = (dot < 0) ? qualified : qualified.substring(0, dot);
		String methodName = (dot < 0) ? "" : qualified.substring(dot + 1);
		return new Frame(withoutLoaderAndModule(className), methodName, location);
	}

	private static String withoutLoaderAndModule(String className) {
		// A hidden class's name has a slash of its own: Foo$$Lambda/0x0000000801001234
		int hidden = className.lastIndexOf(HIDDEN_CLASS_SUFFIX);
		int end = (hidden < 0) ? className.length() : hidden;
		int slash = className.lastIndexOf('/', end - 1);
		return (slash < 0) ? className : className.substring(slash + 1);
	}

	/**
	 * Whether the frame is a native method's, written {@code (Native Method)}: a thread
	 * whose innermost frame it is runs native code through JNI (or waits in a native
	 * method of the JDK's). A {@code java.lang.foreign} downcall has no such frame: the
	 * dump hides its stub, so its innermost frame is the Java method that made it.
	 * @return whether the frame's method is native
	 * @since 0.2.0
	 */
	boolean isNativeMethod() {
		return NATIVE_METHOD.equals(this.location);
	}

	/**
	 * The frame's {@code class.method}, without its location.
	 * @return the qualified method name
	 */
	String method() {
		return this.className + "." + this.methodName;
	}

	@Override
	public String toString() {
		return this.location.isEmpty() ? method() : method() + "(" + this.location + ")";
	}

}
