/**
 * The admin account every test server (and benchmark server) is started with,
 * in a module of its own so that code driving a server in another process can
 * use it without loading the application.
 */
export const ADMIN = { username: 'admin', password: 'admin-password-1' };
