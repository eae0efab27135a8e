export { identityRoutes, setSessionCookie, userId, actor, meSchema } from './identity.routes.js';
export { resolvePrincipal, startSession, me, SESSION_COOKIE } from './identity.service.js';
export { hashPassword } from './password.js';
export { insertUser, replaceRoles } from './identity.repository.js';
