// The generated SDK is written for browsers and Node alike and names the DOM's `BodyInit`; the
// server's tsconfig has no DOM lib (on purpose), so give the test build the same type Node's
// fetch uses.
type BodyInit = NonNullable<ConstructorParameters<typeof Response>[0]>;
