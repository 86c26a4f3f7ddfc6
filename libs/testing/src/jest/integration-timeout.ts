// Integration tests talk to a real broker and database. jest's `testTimeout` is a global option
// that project configs cannot set when every project runs in one jest process (npm test), so
// each integration project sets its timeout here.
jest.setTimeout(120_000);
