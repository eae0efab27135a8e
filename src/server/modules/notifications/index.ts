export { notificationRoutes } from './notification.routes.js';
export { notify, textToPhones } from './notification.service.js';
