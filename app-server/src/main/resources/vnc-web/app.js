// The browser as a thin client: noVNC's RFB over the server's /vnc/websockify, logged in with the
// user's calendar account (VeNCrypt Plain: the server takes it on loopback or behind TLS only).
import RFB from './novnc/package/core/rfb.js';

const form = document.getElementById('login');
const status = document.getElementById('status');
const screen = document.getElementById('screen');

function show(text, failed) {
    status.textContent = text;
    status.className = failed ? 'failed' : '';
}

form.addEventListener('submit', event => {
    event.preventDefault();
    const user = document.getElementById('user').value;
    const password = document.getElementById('password').value;
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/vnc/websockify';
    show('Connecting as ' + user + '...', false);
    const rfb = new RFB(screen, url, { credentials: { username: user, password: password }, wsProtocols: ['binary'] });
    rfb.scaleViewport = false;
    // /vnc/?resize=remote: the session takes the window's size (SetDesktopSize); else it keeps 1280x800.
    const remoteResize = new URLSearchParams(location.search).get('resize') === 'remote';
    screen.classList.toggle('fit', remoteResize);
    rfb.resizeSession = remoteResize;
    let name = '';
    rfb.addEventListener('desktopname', e => {
        name = e.detail.name;
        if (document.body.dataset.state === 'connected') show('Connected: ' + name, false);
    });
    rfb.addEventListener('connect', () => {
        form.style.display = 'none';
        screen.style.display = 'block';
        show(name ? 'Connected: ' + name : 'Connected', false);
        document.body.dataset.state = 'connected';
    });
    rfb.addEventListener('securityfailure', e => {
        show(e.detail.reason || 'The server refused the login.', true);
        document.body.dataset.state = 'refused';
    });
    rfb.addEventListener('disconnect', e => {
        form.style.display = 'block';
        screen.style.display = 'none';
        if (document.body.dataset.state !== 'refused') {
            show(e.detail.clean ? 'Disconnected.' : 'The connection to the server was lost.', !e.detail.clean);
            document.body.dataset.state = 'disconnected';
        }
    });
});
