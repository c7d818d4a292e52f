/**
 * Authentication and transport security: the users file ({@link io.proteus.server.security.UserDirectory}), password
 * hashes ({@link io.proteus.server.security.PasswordHash}), the Flight bearer-token authenticator, console sessions and
 * the TLS settings. See docs/security.md.
 */
package io.proteus.server.security;
