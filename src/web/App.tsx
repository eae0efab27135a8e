import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from './auth.tsx';
import { Layout } from './components/Layout.tsx';
import { RequireStaff, RequireUser, RequireWorker } from './components/Guards.tsx';
import { Home } from './pages/Home.tsx';
import { Login } from './pages/Login.tsx';
import { Register } from './pages/Register.tsx';
import { Profile } from './pages/Profile.tsx';
import { MyUnion } from './pages/MyUnion.tsx';
import { ConsoleHome, ConsoleLayout, RequireRole } from './console/Console.tsx';
import { Applications } from './console/Applications.tsx';
import { Workers } from './console/Workers.tsx';
import { Verify } from './console/Verify.tsx';
import { Users } from './console/Users.tsx';
import { ApiKeys } from './console/ApiKeys.tsx';
import { Audit } from './console/Audit.tsx';
import { CONSOLE_MODULES } from './console/modules.ts';

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
              <Route path="applications" element={<RequireRole roles={rolesFor('applications')}><Applications /></RequireRole>} />
              <Route path="workers" element={<RequireRole roles={rolesFor('workers')}><Workers /></RequireRole>} />
              <Route path="verify" element={<RequireRole roles={rolesFor('verify')}><Verify /></RequireRole>} />
              <Route path="verify/:token" element={<RequireRole roles={rolesFor('verify')}><Verify /></RequireRole>} />
              <Route path="users" element={<RequireRole roles={rolesFor('users')}><Users /></RequireRole>} />
              <Route path="api-keys" element={<RequireRole roles={rolesFor('api-keys')}><ApiKeys /></RequireRole>} />
              <Route path="audit" element={<RequireRole roles={rolesFor('audit')}><Audit /></RequireRole>} />
            </Route>
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
