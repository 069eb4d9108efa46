CREATE ALIAS IF NOT EXISTS THREAD_NAME FOR "io.tpool.testsupport.H2Functions.threadName";
