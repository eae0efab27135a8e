import { sql, type Kysely } from 'kysely';

// The incubation base (孵化基地): enterprises with their stage, sector, founders, spaces (desk or room)
// held over date ranges with a rent-free period, mentors, the one-stop service log, teams of
// live-stream hosts, and the product-selection library (选品库): products, their quality checks and a
// team's shortlist for a stream. Times are epoch ms; days are YYYY-MM-DD (Beijing); money is integer fen.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incubator_enterprises')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id')) // the incubator
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull()) // agri_specialty | local_services | live_selling | …
    .addColumn('stage', 'text', (c) => c.notNull()) // applying | incubating | graduated | exited
    .addColumn('founded_on', 'text') // YYYY-MM-DD
    .addColumn('entered_on', 'text') // the day incubation began
    .addColumn('graduated_on', 'text')
    .addColumn('exited_on', 'text')
    .addColumn('employees', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('incubator_enterprises_ok', sql`employees >= 0 and stage in ('applying', 'incubating', 'graduated', 'exited')`)
    .execute();
  await db.schema.createIndex('incubator_enterprises_org').on('incubator_enterprises').columns(['org_id', 'stage']).execute();

  await db.schema
    .createTable('enterprise_founders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('incubator_enterprises.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_lead', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enterprise_founders_enterprise').on('enterprise_founders').column('enterprise_id').execute();
  await db.schema.createIndex('enterprise_founders_user').on('enterprise_founders').column('user_id').execute();

  // A desk or a room in the base.
  await db.schema
    .createTable('incubator_spaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('code', 'text', (c) => c.notNull()) // e.g. A-201 or D-14
    .addColumn('kind', 'text', (c) => c.notNull()) // desk | room
    .addColumn('area_m2', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('incubator_spaces_code', ['org_id', 'code'])
    .execute();

  // An enterprise on a space from starts_on to ends_on (inclusive; open-ended when null); the
  // service keeps two enterprises off one space at once (it locks the space row first).
  await db.schema
    .createTable('incubator_space_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull().references('incubator_spaces.id'))
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('incubator_enterprises.id'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('rent_free_until', 'text') // the last rent-free day, or none
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('released_at', 'bigint')
    .addCheckConstraint('incubator_space_assignments_ok', sql`ends_on is null or starts_on <= ends_on`)
    .execute();
  await db.schema.createIndex('incubator_space_assignments_space').on('incubator_space_assignments').columns(['space_id', 'starts_on']).execute();
  await db.schema.createIndex('incubator_space_assignments_enterprise').on('incubator_space_assignments').column('enterprise_id').execute();

  await db.schema
    .createTable('incubator_mentors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('expertise', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incubator_mentors_org').on('incubator_mentors').column('org_id').execute();

  await db.schema
    .createTable('enterprise_mentors')
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('incubator_enterprises.id'))
    .addColumn('mentor_id', 'text', (c) => c.notNull().references('incubator_mentors.id'))
    .addColumn('assigned_on', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('enterprise_mentors_pk', ['enterprise_id', 'mentor_id'])
    .execute();
  await db.schema.createIndex('enterprise_mentors_mentor').on('enterprise_mentors').column('mentor_id').execute();

  // The one-stop service log: startup incubation, resource matching, policy guidance, …
  await db.schema
    .createTable('incubator_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('incubator_enterprises.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('served_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('served_by', 'text', (c) => c.notNull()) // the user who recorded it
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incubator_services_enterprise').on('incubator_services').columns(['enterprise_id', 'served_on']).execute();

  // Teams of live-stream hosts attached to an enterprise; a member is a user or a name, with a role.
  await db.schema
    .createTable('host_teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('incubator_enterprises.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('host_teams_enterprise').on('host_teams').column('enterprise_id').execute();

  await db.schema
    .createTable('host_team_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('host_teams.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull()) // host | assistant | operator | …
    .addColumn('is_lead', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('host_team_members_team').on('host_team_members').column('team_id').execute();
  await db.schema.createIndex('host_team_members_user').on('host_team_members').column('user_id').execute();

  // The product-selection library. Text search runs on an in-process n-gram index (decision 0013);
  // `version` on the library row tells other server processes that it changed.
  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id')) // the incubator whose library it is
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_ug', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('supplier', 'text', (c) => c.notNull())
    .addColumn('supplier_contact', 'text', (c) => c.notNull().defaultTo('')) // never public
    .addColumn('category', 'text', (c) => c.notNull()) // fruit | dried_fruit | nuts | …
    .addColumn('origin', 'text', (c) => c.notNull()) // prefecture code, e.g. bayingolin
    .addColumn('origin_place', 'text', (c) => c.notNull().defaultTo('')) // county or town
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    .addColumn('commission_fen', 'bigint', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating', 'integer') // tenths of a star, 0…50, or unrated
    .addColumn('check_result', 'text') // the latest quality check: pass | fail, or none
    .addColumn('checked_on', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint(
      'products_ok',
      sql`price_fen >= 0 and commission_fen >= 0 and commission_fen <= price_fen and stock >= 0 and (rating is null or rating between 0 and 50)`,
    )
    .execute();
  await db.schema.createIndex('products_org').on('products').columns(['org_id', 'updated_at']).execute();

  await db.schema
    .createTable('product_library_versions')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('product_quality_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull()) // pass | fail
    .addColumn('inspector', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('product_quality_checks_ok', sql`result in ('pass', 'fail')`)
    .execute();
  await db.schema.createIndex('product_quality_checks_product').on('product_quality_checks').columns(['product_id', 'checked_on']).execute();

  // A team's shortlist of products for a stream on a day.
  await db.schema
    .createTable('team_shortlist')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('host_teams.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('stream_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('team_shortlist_one', ['team_id', 'product_id', 'stream_on'])
    .execute();
  await db.schema.createIndex('team_shortlist_team').on('team_shortlist').columns(['team_id', 'stream_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'team_shortlist',
    'product_quality_checks',
    'product_library_versions',
    'products',
    'host_team_members',
    'host_teams',
    'incubator_services',
    'enterprise_mentors',
    'incubator_mentors',
    'incubator_space_assignments',
    'incubator_spaces',
    'enterprise_founders',
    'incubator_enterprises',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
