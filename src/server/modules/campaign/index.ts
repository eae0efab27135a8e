export { campaignRoutes } from './campaign.routes.js';
export { sweepCampaigns } from './campaign.service.js';
