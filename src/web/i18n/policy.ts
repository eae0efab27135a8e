// The policy screens' words in the three languages, kept together so one area's strings live in one file.
// zh is the key set the others must match (locales.test.ts checks the merged messages).
const zh = {
  title: '政策扶持',
};
const ug: typeof zh = {
  title: 'سىياسەت ياردىمى',
};
const en: typeof zh = {
  title: 'Policy support',
};
export const policyMessages = { zh, ug, en };
