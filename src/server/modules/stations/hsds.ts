import type { IndexEntry } from './station.index.js';
import { formatTime } from './station.js';
import { cityByCode } from '../../../shared/reference.js';

const BYDAY = ['', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/**
 * The station directory as an Open Referral HSDS 3.0 data package: one organisation, location and
 * "rest station" service per station, with weekly schedules (RFC 5545 BYDAY). Other directories can
 * load it as is.
 */
export function toHsds(entries: IndexEntry[], publisher: string) {
  const organizations = [];
  const locations = [];
  const services = [];
  const serviceAtLocations = [];
  const schedules = [];
  for (const { summary: s, schedule } of entries) {
    const city = cityByCode.get(s.cityCode);
    organizations.push({ id: `org-${s.id}`, name: s.name, description: '暖"新"驿站 warm station for new-employment-form workers' });
    locations.push({
      id: `loc-${s.id}`,
      organization_id: `org-${s.id}`,
      location_type: 'physical',
      name: s.name,
      latitude: s.lat,
      longitude: s.lng,
      addresses: [{ id: `addr-${s.id}`, location_id: `loc-${s.id}`, address_1: s.address, city: city?.nameZh ?? s.cityCode, state_province: '新疆维吾尔自治区', country: 'CN', address_type: 'physical' }],
      phones: s.phone ? [{ id: `phone-${s.id}`, location_id: `loc-${s.id}`, number: s.phone }] : [],
      accessibility: [],
    });
    services.push({
      id: `svc-${s.id}`,
      organization_id: `org-${s.id}`,
      name: `${s.name}: 休息、饮水、充电`,
      description: `Amenities: ${s.amenities.join(', ') || 'none listed'}. Services: ${s.services.join(', ') || 'none listed'}.`,
      status: 'active',
      attributes: [...s.amenities.map((a) => ({ taxonomy_term_id: `nuanxin-amenity-${a}`, value: a })), ...s.services.map((x) => ({ taxonomy_term_id: `nuanxin-service-${x}`, value: x }))],
    });
    serviceAtLocations.push({ id: `sal-${s.id}`, service_id: `svc-${s.id}`, location_id: `loc-${s.id}` });
    if (schedule.is24h) {
      schedules.push({ id: `sch-${s.id}-24h`, service_at_location_id: `sal-${s.id}`, freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '24:00', timezone: schedule.utcOffsetMin / 60, description: 'Open 24 hours' });
    } else {
      schedule.week.forEach((ranges, weekday) =>
        ranges.forEach((r, k) =>
          schedules.push({ id: `sch-${s.id}-${weekday}-${k}`, service_at_location_id: `sal-${s.id}`, freq: 'WEEKLY', byday: BYDAY[weekday], opens_at: formatTime(r.opens), closes_at: formatTime(r.closes), timezone: schedule.utcOffsetMin / 60 }),
        ),
      );
    }
  }
  return {
    hsds_version: '3.0',
    publisher,
    generated_at: new Date().toISOString(),
    organizations,
    locations,
    services,
    service_at_locations: serviceAtLocations,
    schedules,
  };
}
