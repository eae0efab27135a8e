import { lazy } from 'react';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from './auth.tsx';
import { Layout } from './components/Layout.tsx';
import { RequireRole, RequireStaff, RequireUser, RequireWorker } from './components/Guards.tsx';
import { Home } from './pages/Home.tsx';
import { Login } from './pages/Login.tsx';
import { CONSOLE_MODULES } from './console/modules.ts';
import { loadAllLocales } from './i18n/index.ts';
import { StationsPage } from './stations/StationsPage.tsx';
// The worker's case pages load with the app: a case filed offline must open without the network.
import { MyCases } from './cases/MyCases.tsx';
import { FileCase } from './cases/FileCase.tsx';
import { CasePage } from './cases/CasePage.tsx';
import { NotificationsPage } from './cases/Notifications.tsx';

// Worker pages a phone does not need to draw the home page, the sign-in page, the station finder or the case
// pages load when opened (tests/bundle-budget.test.ts keeps each within the 200 KB budget).
const Register = lazy(() => import('./pages/Register.tsx').then((m) => ({ default: m.Register })));
const Profile = lazy(() => import('./pages/Profile.tsx').then((m) => ({ default: m.Profile })));
const MyUnion = lazy(() => import('./pages/MyUnion.tsx').then((m) => ({ default: m.MyUnion })));
const StationPage = lazy(() => import('./stations/StationPage.tsx').then((m) => ({ default: m.StationPage })));
const MyStations = lazy(() => import('./stations/MyStations.tsx').then((m) => ({ default: m.MyStations })));
const VisitPage = lazy(() => import('./stations/Visit.tsx').then((m) => ({ default: m.VisitPage })));

// Staff pages load only when opened: a courier's phone never downloads the console (tests/bundle-budget.test.ts).
const ConsoleLayout = lazy(() => import('./console/Console.tsx').then((m) => ({ default: m.ConsoleLayout })));
const ConsoleHome = lazy(() => import('./console/Console.tsx').then((m) => ({ default: m.ConsoleHome })));
const Verify = lazy(() => import('./console/Verify.tsx').then((m) => ({ default: m.Verify })));
const StationPicker = lazy(() => import('./console/station/StationConsole.tsx').then((m) => ({ default: m.StationPicker })));
const StationConsoleLayout = lazy(() => import('./console/station/StationConsole.tsx').then((m) => ({ default: m.StationConsoleLayout })));
const StationToday = lazy(() => import('./console/station/StationConsole.tsx').then((m) => ({ default: m.StationToday })));
const Applications = lazy(() => import('./console/Applications.tsx').then((m) => ({ default: m.Applications })));
const Workers = lazy(() => import('./console/Workers.tsx').then((m) => ({ default: m.Workers })));
const Users = lazy(() => import('./console/Users.tsx').then((m) => ({ default: m.Users })));
const ApiKeys = lazy(() => import('./console/ApiKeys.tsx').then((m) => ({ default: m.ApiKeys })));
const Audit = lazy(() => import('./console/Audit.tsx').then((m) => ({ default: m.Audit })));
const OpsMeals = lazy(() => import('./console/station/OpsMeals.tsx').then((m) => ({ default: m.OpsMeals })));
const OpsClassroom = lazy(() => import('./console/station/OpsClassroom.tsx').then((m) => ({ default: m.OpsClassroom })));
const OpsLawyers = lazy(() => import('./console/station/OpsLawyers.tsx').then((m) => ({ default: m.OpsLawyers })));
const OpsHealth = lazy(() => import('./console/station/OpsHealth.tsx').then((m) => ({ default: m.OpsHealth })));
const OpsDetails = lazy(() => import('./console/station/OpsDetails.tsx').then((m) => ({ default: m.OpsDetails })));
const OpsPoster = lazy(() => Promise.all([import('./console/station/OpsPoster.tsx'), loadAllLocales()]).then(([m]) => ({ default: m.OpsPoster })));
const OpsDonations = lazy(() => import('./console/station/OpsLending.tsx').then((m) => ({ default: m.OpsDonations })));
const OpsLending = lazy(() => import('./console/station/OpsLending.tsx').then((m) => ({ default: m.OpsLending })));
const ConsultationPage = lazy(() => import('./console/Consultations.tsx').then((m) => ({ default: m.ConsultationPage })));
const Consultations = lazy(() => import('./console/Consultations.tsx').then((m) => ({ default: m.Consultations })));
const CaseQueue = lazy(() => import('./console/cases/Queue.tsx').then((m) => ({ default: m.CaseQueue })));
const StaffCase = lazy(() => import('./console/cases/StaffCase.tsx').then((m) => ({ default: m.StaffCase })));
const SystemicIssues = lazy(() => import('./console/cases/Systemic.tsx').then((m) => ({ default: m.SystemicIssues })));
const SystemicIssuePage = lazy(() => import('./console/cases/Systemic.tsx').then((m) => ({ default: m.SystemicIssuePage })));
const CaseDashboard = lazy(() => import('./console/cases/Dashboard.tsx').then((m) => ({ default: m.CaseDashboard })));
const CaseAggregates = lazy(() => import('./console/cases/Dashboard.tsx').then((m) => ({ default: m.CaseAggregates })));
const LegalCases = lazy(() => import('./console/cases/Legal.tsx').then((m) => ({ default: m.LegalCases })));
const ParkingConsole = lazy(() => import('./parking/ParkingConsole.tsx').then((m) => ({ default: m.ParkingConsole })));
const ParkingGate = lazy(() => import('./parking/Gate.tsx').then((m) => ({ default: m.ParkingGate })));
const OversightRegistry = lazy(() => import('./console/oversight/Registry.tsx').then((m) => ({ default: m.Registry })));
const OversightRules = lazy(() => import('./console/oversight/Rules.tsx').then((m) => ({ default: m.Rules })));
const LegalCasePage = lazy(() => import('./console/cases/Legal.tsx').then((m) => ({ default: m.LegalCasePage })));
const Scorecard = lazy(() => import('./console/oversight/Scorecard.tsx').then((m) => ({ default: m.Scorecard })));
const OversightFindings = lazy(() => import('./console/oversight/Findings.tsx').then((m) => ({ default: m.Findings })));
const OversightReport = lazy(() => import('./console/oversight/Report.tsx').then((m) => ({ default: m.Report })));
const Enforcement = lazy(() => import('./console/oversight/Enforcement.tsx').then((m) => ({ default: m.Enforcement })));
const MyFigures = lazy(() => import('./oversight/MyFigures.tsx').then((m) => ({ default: m.MyFigures })));
const MySupport = lazy(() => import('./policy/MySupport.tsx').then((m) => ({ default: m.MySupport })));
const ApplyPolicy = lazy(() => import('./policy/MySupport.tsx').then((m) => ({ default: m.ApplyPage })));
const PolicyQueue = lazy(() => import('./console/policy/PolicyConsole.tsx').then((m) => ({ default: m.PolicyQueue })));
const PolicyApplication = lazy(() => import('./console/policy/PolicyConsole.tsx').then((m) => ({ default: m.PolicyApplication })));
const AgencyImport = lazy(() => import('./console/stats/AgencyImport.tsx').then((m) => ({ default: m.AgencyImport })));
const CampaignList = lazy(() => import('./console/campaign/CampaignConsole.tsx').then((m) => ({ default: m.CampaignList })));
const CampaignBoard = lazy(() => import('./console/campaign/CampaignConsole.tsx').then((m) => ({ default: m.CampaignBoard })));
const CampaignProposals = lazy(() => import('./console/campaign/CampaignConsole.tsx').then((m) => ({ default: m.CampaignProposals })));
const CampaignProblem = lazy(() => import('./console/campaign/CampaignConsole.tsx').then((m) => ({ default: m.CampaignProblem })));
const PublicCampaigns = lazy(() => import('./campaign/PublicCampaign.tsx').then((m) => ({ default: m.PublicCampaigns })));
const PublicCampaign = lazy(() => import('./campaign/PublicCampaign.tsx').then((m) => ({ default: m.PublicCampaign })));
const TrainingList = lazy(() => import('./training/Training.tsx').then((m) => ({ default: m.TrainingList })));
const TrainingCohort = lazy(() => import('./training/Training.tsx').then((m) => ({ default: m.CohortPage })));
const MyTraining = lazy(() => import('./training/Training.tsx').then((m) => ({ default: m.MyTraining })));
const CertificateVerify = lazy(() => import('./training/Training.tsx').then((m) => ({ default: m.CertificateVerify })));
const TrainingConsole = lazy(() => import('./console/training/TrainingConsole.tsx').then((m) => ({ default: m.TrainingConsole })));
const MyJobs = lazy(() => import('./jobs/MyJobs.tsx').then((m) => ({ default: m.MyJobs })));
const JobsConsole = lazy(() => import('./console/jobs/JobsConsole.tsx').then((m) => ({ default: m.JobsConsole })));
const JobOrderPage = lazy(() => import('./console/jobs/JobsConsole.tsx').then((m) => ({ default: m.JobOrderPage })));
const IncubatorConsole = lazy(() => import('./console/incubator/IncubatorConsole.tsx').then((m) => ({ default: m.IncubatorConsole })));
const IncubatorEnterprise = lazy(() => import('./console/incubator/IncubatorConsole.tsx').then((m) => ({ default: m.EnterprisePage })));
const MyEnterprise = lazy(() => import('./incubator/Enterprise.tsx').then((m) => ({ default: m.MyEnterprise })));
const TeamPage = lazy(() => import('./incubator/Enterprise.tsx').then((m) => ({ default: m.TeamPage })));
const PublicProducts = lazy(() => import('./incubator/ProductSearch.tsx').then((m) => ({ default: m.PublicProducts })));
const Observatory = lazy(() => import('./stats/Observatory.tsx').then((m) => ({ default: m.Observatory })));
const ObservatoryReport = lazy(() => Promise.all([import('./stats/Report.tsx'), loadAllLocales()]).then(([m]) => ({ default: m.ObservatoryReport })));

const rolesFor = (path: (typeof CONSOLE_MODULES)[number]['path']) => CONSOLE_MODULES.find((m) => m.path === path)?.roles ?? [];

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1 tabIndex={-1}>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <Link className="btn btn-primary" to="/">
        {t('nav.home')}
      </Link>
    </section>
  );
}

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<Home />} />
            <Route path="login" element={<Login />} />
            <Route path="register" element={<Register />} />
            <Route
              path="me"
              element={
                <RequireUser>
                  <Profile />
                </RequireUser>
              }
            />
            <Route
              path="me/union"
              element={
                <RequireUser>
                  <RequireWorker>
                    <MyUnion />
                  </RequireWorker>
                </RequireUser>
              }
            />
            <Route path="stations" element={<StationsPage />} />
            <Route path="stations/:id" element={<StationPage />} />
            <Route
              path="me/stations"
              element={
                <RequireUser>
                  <RequireWorker>
                    <MyStations />
                  </RequireWorker>
                </RequireUser>
              }
            />
            <Route path="me/cases" element={<RequireUser><RequireWorker><MyCases /></RequireWorker></RequireUser>} />
            <Route path="me/cases/new" element={<RequireUser><RequireWorker><FileCase /></RequireWorker></RequireUser>} />
            <Route path="me/cases/:id" element={<RequireUser><RequireWorker><CasePage /></RequireWorker></RequireUser>} />
            <Route path="me/figures" element={<RequireUser><RequireWorker><MyFigures /></RequireWorker></RequireUser>} />
            <Route path="me/support" element={<RequireUser><MySupport /></RequireUser>} />
            <Route path="me/support/apply/:code" element={<RequireUser><ApplyPolicy /></RequireUser>} />
            <Route path="training" element={<TrainingList />} />
            <Route path="training/:id" element={<TrainingCohort />} />
            <Route path="me/training" element={<RequireUser><MyTraining /></RequireUser>} />
            <Route path="me/jobs" element={<RequireUser><MyJobs /></RequireUser>} />
            <Route path="me/enterprise" element={<RequireUser><MyEnterprise /></RequireUser>} />
            <Route path="incubator/teams/:id" element={<RequireUser><TeamPage /></RequireUser>} />
            <Route path="products" element={<PublicProducts />} />
            <Route path="certificates/:number" element={<CertificateVerify />} />
            <Route path="campaigns" element={<PublicCampaigns />} />
            <Route path="campaigns/:id" element={<PublicCampaign />} />
            <Route path="notifications" element={<RequireUser><NotificationsPage /></RequireUser>} />
            <Route
              path="visit/:token"
              element={
                <RequireUser>
                  <RequireWorker>
                    <VisitPage />
                  </RequireWorker>
                </RequireUser>
              }
            />
            <Route
              path="console"
              element={
                <RequireUser>
                  <RequireStaff>
                    <ConsoleLayout />
                  </RequireStaff>
                </RequireUser>
              }
            >
              <Route index element={<ConsoleHome />} />
              <Route path="stations" element={<RequireRole roles={rolesFor('stations')}><StationPicker /></RequireRole>} />
              <Route path="stations/:id" element={<RequireRole roles={rolesFor('stations')}><StationConsoleLayout /></RequireRole>}>
                <Route index element={<StationToday />} />
                <Route path="meals" element={<OpsMeals />} />
                <Route path="classroom" element={<OpsClassroom />} />
                <Route path="lending" element={<OpsLending />} />
                <Route path="donations" element={<OpsDonations />} />
                <Route path="lawyers" element={<OpsLawyers />} />
                <Route path="health" element={<OpsHealth />} />
                <Route path="details" element={<OpsDetails />} />
                <Route path="poster" element={<OpsPoster />} />
              </Route>
              <Route path="cases" element={<RequireRole roles={rolesFor('cases')}><CaseQueue /></RequireRole>} />
              <Route path="cases/:id" element={<RequireRole roles={rolesFor('cases')}><StaffCase /></RequireRole>} />
              <Route path="systemic" element={<RequireRole roles={rolesFor('systemic')}><SystemicIssues /></RequireRole>} />
              <Route path="systemic/:id" element={<RequireRole roles={rolesFor('systemic')}><SystemicIssuePage /></RequireRole>} />
              <Route path="case-dashboard" element={<RequireRole roles={rolesFor('case-dashboard')}><CaseDashboard /></RequireRole>} />
              <Route path="legal" element={<RequireRole roles={rolesFor('legal')}><LegalCases /></RequireRole>} />
              <Route path="legal/:id" element={<RequireRole roles={rolesFor('legal')}><LegalCasePage /></RequireRole>} />
              <Route path="aggregates" element={<RequireRole roles={rolesFor('aggregates')}><CaseAggregates /></RequireRole>} />
              <Route path="scorecard" element={<RequireRole roles={rolesFor('scorecard')}><Scorecard /></RequireRole>} />
              <Route path="scorecard/findings" element={<RequireRole roles={rolesFor('scorecard')}><OversightFindings /></RequireRole>} />
              <Route path="scorecard/report" element={<RequireRole roles={rolesFor('scorecard')}><OversightReport /></RequireRole>} />
              <Route path="enforcement" element={<RequireRole roles={rolesFor('enforcement')}><Enforcement /></RequireRole>} />
              <Route path="registry" element={<RequireRole roles={rolesFor('registry')}><OversightRegistry /></RequireRole>} />
              <Route path="rules" element={<RequireRole roles={rolesFor('rules')}><OversightRules /></RequireRole>} />
              <Route path="consultations" element={<RequireRole roles={rolesFor('consultations')}><Consultations /></RequireRole>} />
              <Route path="consultations/:id" element={<RequireRole roles={rolesFor('consultations')}><ConsultationPage /></RequireRole>} />
              <Route path="applications" element={<RequireRole roles={rolesFor('applications')}><Applications /></RequireRole>} />
              <Route path="workers" element={<RequireRole roles={rolesFor('workers')}><Workers /></RequireRole>} />
              <Route path="verify" element={<RequireRole roles={rolesFor('verify')}><Verify /></RequireRole>} />
              <Route path="verify/:token" element={<RequireRole roles={rolesFor('verify')}><Verify /></RequireRole>} />
              <Route path="parking" element={<RequireRole roles={rolesFor('parking')}><ParkingConsole /></RequireRole>} />
              <Route path="parking-gate" element={<RequireRole roles={rolesFor('parking-gate')}><ParkingGate /></RequireRole>} />
              <Route path="training" element={<RequireRole roles={rolesFor('training')}><TrainingConsole /></RequireRole>} />
              <Route path="jobs" element={<RequireRole roles={rolesFor('jobs')}><JobsConsole /></RequireRole>} />
              <Route path="jobs/:id" element={<RequireRole roles={rolesFor('jobs')}><JobOrderPage /></RequireRole>} />
              <Route path="incubator" element={<RequireRole roles={rolesFor('incubator')}><IncubatorConsole /></RequireRole>} />
              <Route path="incubator/enterprises/:id" element={<RequireRole roles={rolesFor('incubator')}><IncubatorEnterprise /></RequireRole>} />
              <Route path="users" element={<RequireRole roles={rolesFor('users')}><Users /></RequireRole>} />
              <Route path="api-keys" element={<RequireRole roles={rolesFor('api-keys')}><ApiKeys /></RequireRole>} />
              <Route path="audit" element={<RequireRole roles={rolesFor('audit')}><Audit /></RequireRole>} />
              <Route path="policy" element={<RequireRole roles={rolesFor('policy')}><PolicyQueue /></RequireRole>} />
              <Route path="policy/:id" element={<RequireRole roles={rolesFor('policy')}><PolicyApplication /></RequireRole>} />
              <Route path="agency-figures" element={<RequireRole roles={rolesFor('agency-figures')}><AgencyImport /></RequireRole>} />
              <Route path="observatory" element={<RequireRole roles={rolesFor('observatory')}><Observatory /></RequireRole>} />
              <Route path="observatory/report" element={<RequireRole roles={rolesFor('observatory')}><ObservatoryReport /></RequireRole>} />
              <Route path="campaign" element={<RequireRole roles={rolesFor('campaign')}><CampaignList /></RequireRole>} />
              <Route path="campaign/problems/:id" element={<RequireRole roles={rolesFor('campaign')}><CampaignProblem /></RequireRole>} />
              <Route path="campaign/:id" element={<RequireRole roles={rolesFor('campaign')}><CampaignBoard /></RequireRole>} />
              <Route path="campaign/:id/proposals" element={<RequireRole roles={rolesFor('campaign')}><CampaignProposals /></RequireRole>} />
            </Route>
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
