// Reads only the DOM the server wrote (no data in the script itself), so
// untrusted text never reaches JavaScript source.
(function(){
var body=document.body,only=document.getElementById('only'),shown=document.getElementById('shown');
var toggles=[].slice.call(document.querySelectorAll('input[data-toggle]'));
function visibleKinds(){var on={};toggles.forEach(function(t){on[t.dataset.toggle]=t.checked;
body.classList.toggle('hide-'+t.dataset.toggle,!t.checked);});return on;}
function update(){var on=visibleKinds(),n=0;
document.querySelectorAll('.doc').forEach(function(doc){var any=false;
doc.querySelectorAll('.sent').forEach(function(s){var k=0;
s.querySelectorAll('mark.mismatch').forEach(function(m){if(on[m.dataset.kind])k++;});
s.hidden=!!(only&&only.checked&&k===0);s.dataset.visibleMismatches=k;
if(!s.hidden){any=true;n++;}});doc.hidden=!any;});
if(shown)shown.textContent=n+' sentences shown';}
toggles.forEach(function(t){t.addEventListener('change',update);});
if(only)only.addEventListener('change',update);
document.addEventListener('keydown',function(e){if(e.key!=='n'&&e.key!=='p')return;
var list=[].slice.call(document.querySelectorAll('.sent')).filter(function(s){
return !s.hidden&&s.dataset.visibleMismatches!=='0';});if(!list.length)return;
var y=window.scrollY+5,i;if(e.key==='n'){i=list.findIndex(function(s){return s.offsetTop>y;});
if(i<0)i=0;}else{i=-1;list.forEach(function(s,j){if(s.offsetTop<y-10)i=j;});
if(i<0)i=list.length-1;}location.hash=list[i].id;});
if(only&&/[?&]only=1(&|$)/.test(location.search))only.checked=true;
update();body.dataset.ready='1';
})();
